// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title AcceptAllWallet
/// @notice A hostile smart wallet: ERC-1271 `isValidSignature` accepts any signature for any digest.
contract AcceptAllWallet {
    function isValidSignature(bytes32, bytes memory) external pure returns (bytes4) {
        return 0x1626ba7e;
    }
}

/// @title AcceptAllFactory
/// @notice Deploys an AcceptAllWallet per salt at a CREATE2 address known in advance, so a case can pay from a
/// fresh counterfactual wallet (ERC-6492) whose signature check accepts anything.
contract AcceptAllFactory {
    /// @notice Deploys the wallet of `salt`; returns its address, also when it already exists.
    function deploy(bytes32 salt) external returns (address wallet) {
        wallet = predictAddress(salt);
        if (wallet.code.length > 0) return wallet;
        AcceptAllWallet created = new AcceptAllWallet{salt: salt}();
        require(address(created) == wallet, "AcceptAllFactory: unexpected address");
    }

    /// @notice The address `deploy(salt)` deploys to.
    function predictAddress(bytes32 salt) public view returns (address) {
        bytes32 initCodeHash = keccak256(type(AcceptAllWallet).creationCode);
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
