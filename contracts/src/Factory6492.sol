// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Wallet1271} from "./Wallet1271.sol";

/// @title Factory6492
/// @notice Deploys Wallet1271 at a CREATE2 address known in advance, so a wallet can sign (ERC-6492) before it
/// exists: the signature wraps `deploy(owner, salt)` on this factory.
contract Factory6492 {
    event Deployed(address indexed wallet, address indexed owner, bytes32 salt);

    /// @notice Deploys the wallet of (owner, salt); returns its address, also when it already exists.
    function deploy(address owner, bytes32 salt) external returns (address wallet) {
        wallet = predictAddress(owner, salt);
        if (wallet.code.length > 0) return wallet;
        Wallet1271 created = new Wallet1271{salt: salt}(owner);
        require(address(created) == wallet, "Factory6492: unexpected address");
        emit Deployed(wallet, owner, salt);
    }

    /// @notice The address `deploy(owner, salt)` deploys to.
    function predictAddress(address owner, bytes32 salt) public view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(Wallet1271).creationCode, abi.encode(owner)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
