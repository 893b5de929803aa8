// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title PlainToken
/// @notice A 6-decimals ERC-20 with neither EIP-3009 nor EIP-2612: a token only Permit2 can move for x402.
///         The constructor funds `holders` and approves `approved` (Permit2) for each of them without limit.
contract PlainToken is ERC20 {
    constructor(string memory name_, address[] memory holders, uint256 amount, address approved) ERC20(name_, name_) {
        for (uint256 i = 0; i < holders.length; i++) {
            _mint(holders[i], amount);
            if (approved != address(0)) _approve(holders[i], approved, type(uint256).max);
        }
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Test faucet: anyone may mint.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
